// A whole-number field that keeps what the user types until it is a valid number, and only then
// passes it on: a half-typed or wrong value is shown in red, never saved.
import { useEffect, useState } from 'react'

interface NumberFieldProps {
  value: number
  min: number
  max: number
  onChange(n: number): void
  label: string
  /** Said under the field's title while what is typed is not valid. */
  invalidText: string
  className?: string
  testId?: string
}

export function NumberField({ value, min, max, onChange, label, invalidText, className = 'num-input', testId }: NumberFieldProps): React.JSX.Element {
  const [text, setText] = useState(String(value))
  // A change from elsewhere (another step moved here, an import) shows the new value.
  useEffect(() => {
    setText((t) => (/^\d+$/.test(t) && Number(t) === value ? t : String(value)))
  }, [value])
  const n = Number(text)
  const valid = /^\d+$/.test(text) && n >= min && n <= max
  return (
    <input
      className={`${className} ${valid ? '' : 'invalid'}`}
      inputMode="numeric"
      value={text}
      aria-label={label}
      aria-invalid={!valid || undefined}
      title={valid ? label : invalidText}
      onChange={(e) => {
        setText(e.target.value)
        const v = Number(e.target.value)
        if (/^\d+$/.test(e.target.value) && v >= min && v <= max) onChange(v)
      }}
      data-testid={testId}
    />
  )
}
