// The window under a flood: the built app served by `socket-lab serve`, driven in Chromium. A UDP
// socket is opened through the page and kept on screen; this process sends it 100,000 small datagrams
// a second for 10 s. Measured in the page: long tasks (PerformanceObserver), how long a click takes to
// be answered, the JS heap; at the end the timeline's chunk count must equal the engine's counters.
// Each figure is printed beside the same figure for the idle window. Needs `npx electron-vite build`.
// UI_BENCH_PIN=1 gives the app (serve) CPU 0 to itself and puts Chromium, the sender and this process
// on the other CPUs (see cpu-pinning.ts).
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import os from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import type { BenchRow, BenchSuite } from './report'
import { serveWithConfig } from '../test/e2e/serve-process'
import { udpDrops } from './udp-drops'
import { machineBusyMs, processCpuMs, threadSchedMs } from './cpu-time'
import { pinAppToOwnCore, pinningUnavailable } from './cpu-pinning'

const RATE = Number(process.env.UI_BENCH_RATE ?? 100_000)
const SECONDS = Number(process.env.UI_BENCH_SECONDS ?? 10)
const TICK_MS = 10
const MESSAGE = Buffer.from('sensor=42;t=1700000000;ok\n')
const ROOT = join(__dirname, '..')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function startServe(): Promise<{ url: string; pid: number | undefined; stop(): Promise<void> }> {
  const configDir = mkdtempSync(join(tmpdir(), 'socket-lab-bench-'))
  const served = await serveWithConfig(configDir)
  return {
    url: served.url,
    pid: served.pid,
    stop: async () => {
      await served.stop()
      rmSync(configDir, { recursive: true, force: true })
    }
  }
}

/** Installs a long-task observer; returns a function that reads the longest task since then. */
async function watchLongTasks(page: Page): Promise<() => Promise<{ max: number; count: number }>> {
  // Page scripts are strings: this file is type-checked for Node (no DOM types), and runs under tsx,
  // whose name-keeping helper the page would not have.
  await page.evaluate(`(() => {
    window.__long = []
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration) }).observe({ type: 'longtask' })
  })()`)
  return () =>
    page.evaluate<{ max: number; count: number }>(`(() => {
      const all = window.__long.splice(0)
      return { max: all.reduce((a, b) => Math.max(a, b), 0), count: all.length }
    })()`)
}

/** Milliseconds from a click on the New button until the page shows its menu open (or closed again). */
async function clickLatency(page: Page): Promise<number> {
  const button = page.getByTestId('new-endpoint')
  const want = (await button.getAttribute('aria-expanded')) === 'true' ? 'false' : 'true'
  const box = await button.boundingBox()
  if (!box) throw new Error('the New button is not on screen')
  // A raw mouse click, as a user makes it: no waiting for the page to look settled first.
  const started = performance.now()
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
  await page.waitForFunction(`document.querySelector('[data-testid="new-endpoint"]')?.getAttribute('aria-expanded') === '${want}'`, undefined, { polling: 'raf' })
  return performance.now() - started
}

/** Counts animation frames from now on; the reader returns the slowest second's frame count. */
async function watchFrames(page: Page): Promise<() => Promise<{ worstFps: number; longestGapMs: number }>> {
  await page.evaluate(`(() => {
    window.__frames = []
    const tick = (t) => { window.__frames.push(t); requestAnimationFrame(tick) }
    requestAnimationFrame(tick)
  })()`)
  return () =>
    page.evaluate<{ worstFps: number; longestGapMs: number }>(`(() => {
      const frames = window.__frames.splice(0)
      let gap = 0
      for (let i = 1; i < frames.length; i++) gap = Math.max(gap, frames[i] - frames[i - 1])
      const perSecond = new Map()
      for (const t of frames) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1)
      const full = [...perSecond.entries()].sort((a, b) => a[0] - b[0]).slice(1, -1).map(([, n]) => n)
      return { worstFps: full.length ? Math.min(...full) : 0, longestGapMs: gap }
    })()`)
}

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  const { metrics } = await cdp.send('Performance.getMetrics')
  await cdp.detach()
  return (metrics.find((m) => m.name === 'JSHeapTotalSize')?.value ?? 0) / 1e6
}

// The sender runs in a child process: in this one it would compete with the Playwright client for
// the event loop, and the click timings would measure the bench instead of the page.
const SENDER = `
const dgram = require('node:dgram')
const [port, rate, seconds, tickMs] = process.argv.slice(1).map(Number)
const message = Buffer.from(${JSON.stringify(MESSAGE.toString())})
const socket = dgram.createSocket('udp4')
socket.bind(0, '127.0.0.1', () => {
  socket.setSendBufferSize(4 * 1024 * 1024)
  const total = rate * seconds
  const started = performance.now()
  let sent = 0
  const tick = () => {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate))
    while (sent < due) { socket.send(message, port, '127.0.0.1'); sent++ }
    if (sent < total) setTimeout(tick, tickMs)
    else setTimeout(() => { const c = process.cpuUsage(); process.stdout.write(JSON.stringify({ sent, cpuMs: (c.user + c.system) / 1000 })); socket.close() }, 200)
  }
  tick()
})
`

/** Sends RATE datagrams a second for SECONDS from a child process; says how many went out and its CPU time. */
async function flood(port: number, during: () => Promise<void>, started?: () => void): Promise<{ sent: number; cpuMs: number }> {
  const child = spawn(process.execPath, ['-e', SENDER, String(port), String(RATE), String(SECONDS), String(TICK_MS)], { stdio: ['ignore', 'pipe', 'inherit'] })
  started?.()
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  await during()
  await done
  return JSON.parse(out) as { sent: number; cpuMs: number }
}

/** A thread's running and waiting-for-a-CPU time between two readings, as shares of `ms`. */
function waitShare(before: ReturnType<typeof threadSchedMs>, after: ReturnType<typeof threadSchedMs>, ms: number): { run: number; wait: number } | undefined {
  if (!before || !after) return undefined
  return { run: (100 * (after.runMs - before.runMs)) / ms, wait: (100 * (after.waitMs - before.waitMs)) / ms }
}

async function run(): Promise<BenchRow[]> {
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) throw new Error('build first: npx electron-vite build')
  const pinWanted = process.env.UI_BENCH_PIN === '1'
  const cannotPin = pinWanted ? pinningUnavailable() : undefined
  if (cannotPin) console.log(`  UI_BENCH_PIN=1 asked for, but ${cannotPin}: running unpinned`)
  const pinned = pinWanted && cannotPin === undefined
  const serve = await startServe()
  const pinNow = (): void => {
    if (pinned && serve.pid !== undefined) pinAppToOwnCore(serve.pid)
  }
  const browser = await chromium.launch({
    ...(existsSync(CHROMIUM) ? { executablePath: CHROMIUM } : {}),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info']
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(serve.url)
    await page.getByTestId('connection-status').and(page.locator('[data-status="connected"]')).waitFor()
    await page.getByTestId('new-endpoint').click()
    await page.getByRole('menuitem', { name: 'UDP socket', exact: true }).click()
    await page.getByTestId('endpoint-form-submit').click()
    const item = page.getByTestId('endpoint-item').first()
    await page.waitForFunction(`/:\\d+$/.test(document.querySelector('[data-testid="endpoint-address"]')?.textContent ?? '')`)
    const port = Number(((await item.getByTestId('endpoint-address').textContent()) ?? '').split(':').pop())
    pinNow()

    // Idle figures first: the same measures without traffic are the baseline.
    const longTasks = await watchLongTasks(page)
    const frames = await watchFrames(page)
    const idleClicks: number[] = []
    for (let i = 0; i < 6; i++) idleClicks.push(await clickLatency(page))
    const idleSchedBefore = threadSchedMs(serve.pid)
    const idleStart = performance.now()
    await sleep(3000)
    const idleWait = waitShare(idleSchedBefore, threadSchedMs(serve.pid), performance.now() - idleStart)
    const idleLong = await longTasks()
    const idleHeap = await heapMB(page)
    const idleFrames = await frames()

    const loadClicks: number[] = []
    let peakHeap = idleHeap
    // UI_BENCH_PROFILE=file.cpuprofile records the page's CPU profile during the flood (open it in DevTools).
    const profiler = process.env.UI_BENCH_PROFILE ? await page.context().newCDPSession(page) : undefined
    if (profiler) {
      await profiler.send('Profiler.enable')
      await profiler.send('Profiler.start')
    }
    const dropsBefore = udpDrops(port) ?? 0
    const serveBefore = processCpuMs(serve.pid)
    const machineBefore = machineBusyMs()
    const schedBefore = threadSchedMs(serve.pid)
    const floodStart = performance.now()
    const { sent, cpuMs: senderMs } = await flood(port, async () => {
      for (let t = 0; t < SECONDS * 2; t++) {
        await sleep(500)
        loadClicks.push(await clickLatency(page))
        peakHeap = Math.max(peakHeap, await heapMB(page))
      }
    }, pinNow)
    const dropped = (udpDrops(port) ?? Number.NaN) - dropsBefore
    const floodMs = performance.now() - floodStart
    const readerWait = waitShare(schedBefore, threadSchedMs(serve.pid), floodMs)
    const share = (ms: number | undefined): string => (ms === undefined ? '?' : `${((100 * ms) / floodMs).toFixed(0)}%`)
    const serveMs = (processCpuMs(serve.pid) ?? Number.NaN) - (serveBefore ?? Number.NaN)
    const machineMs = (machineBusyMs() ?? Number.NaN) - (machineBefore ?? Number.NaN)
    // 100% is one core busy for the whole flood; the rest of the machine is mostly Chromium.
    console.log(
      `  CPU during the flood (100% = one core, ${os.cpus().length} cores): the app (serve) ${share(serveMs)}, the sender ${share(senderMs)}, the whole machine ${share(machineMs)}, so Chromium, Playwright and the rest ${share(machineMs - serveMs - senderMs)}`
    )
    if (readerWait !== undefined) {
      console.log(`  the app's main thread, which reads the socket, ran ${readerWait.run.toFixed(0)}% of the flood and waited ${readerWait.wait.toFixed(0)}% for a CPU while ready to run`)
    }
    const loadLong = await longTasks()
    if (profiler) {
      const { profile } = await profiler.send('Profiler.stop')
      writeFileSync(process.env.UI_BENCH_PROFILE!, JSON.stringify(profile))
    }
    const loadFrames = await frames()

    // The timeline settles when its count stops changing and matches the counters the engine sent.
    const readCounts = (): Promise<{ timeline: number; engine: number; rows: number }> =>
      page.evaluate<{ timeline: number; engine: number; rows: number }>(`({
        timeline: Number(document.querySelector('[data-testid="timeline-count"]')?.getAttribute('data-chunks')),
        rows: Number(document.querySelector('[data-testid="timeline-count"]')?.getAttribute('data-rows')),
        engine: Number(document.querySelector('[data-testid="endpoint-item"]')?.getAttribute('data-chunks'))
      })`)
    let counts = await readCounts()
    for (let i = 0; i < 100 && counts.timeline !== counts.engine; i++) {
      await sleep(100)
      counts = await readCounts()
    }
    peakHeap = Math.max(peakHeap, await heapMB(page))
    // UI_BENCH_SHOT=file.png keeps a picture of the window as the flood left it.
    if (process.env.UI_BENCH_SHOT) await page.screenshot({ path: process.env.UI_BENCH_SHOT })
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
    const label = `UDP ${RATE.toLocaleString('en-US')} msg/s × ${SECONDS} s${pinned ? ', app on a core of its own' : ''}`
    console.log(`  sent ${sent} datagrams, the kernel dropped ${dropped} (receive buffer full), engine counted ${counts.engine} chunks, timeline ${counts.timeline} chunks in ${counts.rows} rows`)
    return [
      { name: `${label}: longest task`, value: loadLong.max, baseline: Math.max(1, idleLong.max), unit: 'ms', baselineName: 'idle window', higherIsBetter: false, target: { valueAtMost: 200 } },
      { name: `${label}: long tasks (>50 ms)`, value: loadLong.count, baseline: Math.max(1, idleLong.count), unit: 'tasks', baselineName: 'idle window', higherIsBetter: false },
      { name: `${label}: click answered, worst`, value: Math.max(...loadClicks), baseline: Math.max(...idleClicks), unit: 'ms', baselineName: 'idle window', higherIsBetter: false, target: { valueAtMost: 500 } },
      { name: `${label}: click answered, median`, value: median(loadClicks), baseline: median(idleClicks), unit: 'ms', baselineName: 'idle window', higherIsBetter: false },
      { name: `${label}: frames, slowest second`, value: loadFrames.worstFps, baseline: idleFrames.worstFps, unit: 'fps', baselineName: 'idle window', higherIsBetter: true },
      { name: `${label}: longest gap between frames`, value: loadFrames.longestGapMs, baseline: idleFrames.longestGapMs, unit: 'ms', baselineName: 'idle window', higherIsBetter: false },
      { name: `${label}: JS heap peak`, value: peakHeap, baseline: idleHeap, unit: 'MB', baselineName: 'idle window', higherIsBetter: false, target: { valueAtMost: 500 } },
      { name: `${label}: timeline chunk count`, value: counts.timeline, baseline: counts.engine, unit: 'chunks', baselineName: 'engine counters', higherIsBetter: true, target: { ratioAtLeast: 1, ratioAtMost: 1 } },
      { name: `${label}: datagrams counted`, value: counts.engine, baseline: sent, unit: 'msgs', baselineName: 'datagrams sent', higherIsBetter: true, target: { ratioAtLeast: 1 } },
      ...(readerWait !== undefined && idleWait !== undefined
        ? [{ name: `${label}: app's reading thread ready to run but waiting for a CPU`, value: readerWait.wait, baseline: Math.max(0.1, idleWait.wait), unit: '% of the time', baselineName: 'idle window', higherIsBetter: false }]
        : []),
      { name: `${label}: dropped by the kernel (receive buffer full)`, value: dropped, baseline: sent, unit: 'msgs', baselineName: 'datagrams sent', higherIsBetter: false, target: { valueAtMost: 0 } }
    ]
  } finally {
    await browser.close()
    await serve.stop()
  }
}

const suite: BenchSuite = { name: 'ui: the window under 100k messages/s (Chromium, browser shell)', run }
export default suite
