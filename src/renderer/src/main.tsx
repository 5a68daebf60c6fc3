import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { ApiContext } from './api/api-context'
import { connect } from './api/connection'
import { App } from './components/App'
import { useAppStore } from './store/app-store'
import './styles.css'

const connection = connect()
const store = useAppStore.getState()
store.setConnection(connection.status())
connection.onStatus((status) => useAppStore.getState().setConnection(status))
connection.api.subscribe((batch) => useAppStore.getState().applyBatch(batch))

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiContext.Provider value={connection.api}>
      <App />
    </ApiContext.Provider>
  </StrictMode>
)
