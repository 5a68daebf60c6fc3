// Opens what the new-endpoint form describes. A server or UDP socket binds at once, so a failure
// (the port is taken) stays in the dialog. A client only creates its endpoint here and connects in
// the background: its "connecting… (cancel)" shows in the sidebar and the header, instead of a
// dialog that blocks until the connect gives up.
import type { EndpointInfo, Result, SocketLabApi } from '../../../../shared/api'
import { useAppStore } from '../../store/app-store'
import { useFormMemory } from '../../store/form-memory'
import { toConfig, type FormValues } from './form-model'

export async function openFromForm(api: SocketLabApi, values: FormValues): Promise<Result<EndpointInfo>> {
  const config = toConfig(values)
  if (config.kind !== 'tcp-client' && config.kind !== 'tls-client' && config.kind !== 'unix-client') {
    const r = await api.openEndpoint({ config })
    if (r.ok && config.kind === 'udp' && r.value.local && 'port' in r.value.local) useFormMemory.setState({ lastUdpPort: r.value.local.port })
    return r
  }
  const r = await api.openEndpoint({ config, start: false })
  if (!r.ok) return r
  const endpointId = r.value.id
  // The engine's events show the connect's progress; a failure leaves the endpoint in its error
  // state, with its hint, where the user can connect again. A cancel is not a failure.
  void api.startEndpoint({ endpointId }).then((started) => {
    if (started.ok) useAppStore.getState().upsertEndpoint(started.value)
  })
  return { ok: true, value: { ...r.value, state: 'opening' } }
}
