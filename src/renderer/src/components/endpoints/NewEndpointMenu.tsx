import { useTranslation } from 'react-i18next'
import type { EndpointKind } from '../../../../shared/api'
import { Menu } from '../common/Menu'

export const KINDS: readonly EndpointKind[] = ['tcp-server', 'tcp-client', 'tls-server', 'tls-client', 'udp', 'unix-server', 'unix-client', 'tcp-relay', 'udp-relay']

export function NewEndpointMenu({ onPick, disabled }: { onPick(kind: EndpointKind): void; disabled?: boolean }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <Menu
      label={`${t('sidebar.new')} ▾`}
      testId="new-endpoint"
      items={KINDS.map((kind) => ({ key: kind, label: t(`kind.${kind}`), disabled: disabled ?? false, onSelect: () => onPick(kind) }))}
    />
  )
}
