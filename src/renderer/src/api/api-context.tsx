import { createContext, useContext } from 'react'
import type { SocketLabApi } from '../../../shared/api'

export const ApiContext = createContext<SocketLabApi | null>(null)

export function useApi(): SocketLabApi {
  const api = useContext(ApiContext)
  if (!api) throw new Error('useApi needs an ApiContext provider')
  return api
}
