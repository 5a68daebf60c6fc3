import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { ApiContext } from './api/api-context'
import { connect } from './api/connection'
import { App } from './components/App'
import { setLanguage } from './i18n'
import { useAppStore } from './store/app-store'
import { applySavesBatch } from './store/saves-store'
import { applyTimelineBatch, setTimelineApi } from './store/timeline/timeline-store'
import { feedLab } from './store/lab-store'
import { useWorkspace } from './store/workspace-store'
import { loadWorkspace, startAutosave } from './store/workspace-sync'
import { applyTheme } from './theme'
import './styles/base.css'
import './styles/layout.css'
import './styles/endpoints.css'
import './styles/timeline.css'
import './styles/inspector.css'
import './styles/composer.css'
import './styles/rules.css'

const connection = connect()
const api = connection.api
const store = useAppStore.getState()
store.setConnection(connection.status())

useAppStore.subscribe((s, prev) => {
  if (s.settings === prev.settings || !s.settings) return
  applyTheme(s.settings.theme)
  setLanguage(s.settings.language)
})

async function onConnected(): Promise<void> {
  const settings = await api.getSettings()
  if (settings.ok) useAppStore.getState().setSettings(settings.value)
  if (!useWorkspace.getState().loaded) await loadWorkspace(api)
}

connection.onStatus((status) => {
  useAppStore.getState().setConnection(status)
  if (status === 'connected') void onConnected()
})
if (connection.status() === 'connected') void onConnected()

// Set before subscribing: the first batch names the running endpoints, whose earlier traffic is read from the capture.
setTimelineApi(api)
api.subscribe((batch) => {
  // Timelines first: they take data events straight into columns; the app store then sees the rest.
  applyTimelineBatch(batch)
  useAppStore.getState().applyBatch(batch)
  applySavesBatch(batch)
  feedLab(batch)
})
startAutosave(api)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiContext.Provider value={api}>
      <App />
    </ApiContext.Provider>
  </StrictMode>
)
