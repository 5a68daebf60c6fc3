// Multicast from the command line, on loopback only: the group is joined on 127.0.0.1 and the
// sender uses TTL 0 out of the loopback interface.
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, runCli, startCli, type Running } from './run-cli'

const running: Running[] = []

describe('socket-lab multicast and interfaces', () => {
  beforeAll(assertBuilt)
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()))
  })

  it('listen --join receives what send delivers to the group out of the loopback interface', async () => {
    const server = startCli(['listen', 'udp', '0.0.0.0:0', '--join', '239.1.2.3@127.0.0.1', '--multicast-ttl', '0', '--no-multicast-loopback', '-q'])
    running.push(server)
    const port = (await server.waitForStderr(/listening on 0\.0\.0\.0:(\d+)/))[1]!
    expect(server.stderr()).toMatch(/joined 239\.1\.2\.3 on 127\.0\.0\.1/)
    const r = await runCli(['send', 'udp', `239.1.2.3:${port}`, 'to the group', '--multicast-interface', '127.0.0.1', '--multicast-ttl', '0'])
    expect(r.code, r.stderr).toBe(0)
    await server.waitFor(/^to the group$/m)
  })

  it('refuses a group that is not one, and multicast flags on TCP, as usage errors with hints', async () => {
    const notGroup = await runCli(['listen', 'udp', '0.0.0.0:0', '--join', '10.1.2.3@127.0.0.1', '--timeout', '1'])
    expect(notGroup.code).toBe(2)
    expect(notGroup.stderr).toMatch(/10\.1\.2\.3 is not a multicast address/)
    expect(notGroup.stderr).toMatch(/^hint: Groups are 224\.0\.0\.0 to 239\.255\.255\.255/m)
    const onTcp = await runCli(['listen', 'tcp', '0', '--join', '239.1.2.3'])
    expect(onTcp.code).toBe(2)
    expect(onTcp.stderr).toMatch(/--join is for UDP/)
    const sendTcp = await runCli(['send', 'tcp', '127.0.0.1:9', 'x', '--multicast-ttl', '1'])
    expect(sendTcp.code).toBe(2)
    const badTtl = await runCli(['send', 'udp', '239.1.2.3:9', 'x', '--multicast-ttl', '256'])
    expect(badTtl.code).toBe(2)
    expect(badTtl.stderr).toMatch(/not a TTL/)
  })

  it('interfaces lists the loopback address with what to give --join, and as JSON', async () => {
    const r = await runCli(['interfaces'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^\S+\s+IPv4\s+127\.0\.0\.1\/8\s+internal\s+--join GROUP@127\.0\.0\.1$/m)
    const json = await runCli(['interfaces', '--json'])
    const rows = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { address: string; internal: boolean })
    expect(rows).toContainEqual(expect.objectContaining({ address: '127.0.0.1', internal: true }))
  })
})
