// Unix-domain sockets on a path (named pipes `\\.\pipe\name` on Windows), reusing the stream
// server and client. A socket file left behind by a dead server is named as such, and removed only
// when the user asks (removeStale): Socket Lab never deletes a file on a guess.
import { lstat, unlink } from 'node:fs/promises'
import net from 'node:net'
import type { z } from 'zod'
import { SocketLabError } from '../../../shared/errors'
import type { unixClientConfig, unixServerConfig } from '../../../shared/schemas'
import { fromOsError, type ErrorAction, type ErrorContext } from '../errors'
import type { PeerRemote } from '../peer'
import type { LocalAddress } from './endpoint'
import { DEFAULT_CONNECT_TIMEOUT_MS, StreamClient } from './stream-client'
import { DEFAULT_BACKLOG, StreamServer } from './stream-server'

type UnixServerConfig = z.infer<typeof unixServerConfig>
type UnixClientConfig = z.infer<typeof unixClientConfig>

export function isWindowsPipe(path: string): boolean {
  return /^\\\\[.?]\\pipe\\/i.test(path)
}

/** Whether a server answers on the path: the difference between "in use" and "stale". */
function answers(path: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect({ path })
    const done = (alive: boolean): void => {
      clearTimeout(timer)
      probe.destroy()
      resolve(alive)
    }
    // A server too busy to accept within the timeout is still a server.
    const timer = setTimeout(() => done(true), timeoutMs)
    probe.once('connect', () => done(true))
    probe.once('error', (err: NodeJS.ErrnoException) => done(err.code !== 'ECONNREFUSED' && err.code !== 'ENOENT'))
  })
}

export class UnixServer extends StreamServer<UnixServerConfig> {
  private accepted = 0

  protected listenOptions(): net.ListenOptions {
    return { path: this.config.path, backlog: this.config.backlog ?? DEFAULT_BACKLOG }
  }

  protected errorContext(action: ErrorAction): ErrorContext {
    return { action, transport: 'unix', target: this.config.path }
  }

  protected async listenFailed(err: unknown): Promise<SocketLabError> {
    const path = this.config.path
    const ctx = this.errorContext('listenOn')
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || isWindowsPipe(path)) return fromOsError(err, ctx)
    const st = await lstat(path).catch(() => undefined)
    if (st && !st.isSocket()) {
      return SocketLabError.of('EADDRINUSE', { id: 'notAFileSocket', params: { path } })
    }
    if (await answers(path)) {
      const owner = this.ctx.ownerOf('unix', path, this.id)
      if (owner) ctx.owner = owner
      return fromOsError(err, ctx)
    }
    if (this.config.removeStale) {
      await unlink(path).catch(() => undefined)
      this.retryListen = true
      return fromOsError(err, ctx)
    }
    return SocketLabError.of('ESTALE', { id: 'staleSocket', params: { path } })
  }

  protected localOf(): LocalAddress {
    return { path: this.config.path }
  }

  protected remoteOf(): PeerRemote {
    // Unix peers usually have no address of their own; number them in order of arrival.
    return { path: `#${++this.accepted}` }
  }
}

export class UnixClient extends StreamClient<UnixClientConfig> {
  protected connectOptions(): net.NetConnectOpts {
    return { path: this.config.path }
  }

  protected get target(): string {
    return this.config.path
  }

  protected connectTimeoutMs(): number {
    return this.config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  }

  protected errorContext(action: ErrorAction): ErrorContext {
    return { action, transport: 'unix', target: this.config.path }
  }

  protected addressesOf(): { local: LocalAddress | undefined; remote: PeerRemote } {
    return { local: undefined, remote: { path: this.config.path } }
  }
}
