// The Content-Security-Policy of the window and the browser shell: scripts, styles and connections
// only from the app itself; nothing inline, nothing eval'd, no plugins, no framing.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  // The browser shell's WebSocket is same-origin; the desktop window connects nowhere.
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'"
].join('; ')
