import { describe, expect, it } from 'vitest'
import { englishTexts } from '../../src/shared/errors'
import { isMulticastAddress, membershipProblem, parseMembership } from '../../src/shared/multicast'

describe('multicast addresses', () => {
  it('knows 224.0.0.0/4 and ff00::/8 and nothing else', () => {
    for (const a of ['224.0.0.1', '239.255.255.255', 'ff02::1', 'FF05::1:3', 'ff02::1%lo']) expect(isMulticastAddress(a), a).toBe(true)
    for (const a of ['223.255.255.255', '240.0.0.1', '127.0.0.1', 'fe80::1', '::1', 'fd00::ff', 'group']) expect(isMulticastAddress(a), a).toBe(false)
  })

  it('says what does not fit before the OS is asked', () => {
    expect(membershipProblem('239.1.2.3', 4, '127.0.0.1')).toBeUndefined()
    expect(membershipProblem('ff02::1', 6, '::%lo')).toBeUndefined()
    expect(membershipProblem('nope', 4)).toEqual({ id: 'groupNotIp', params: { group: 'nope' } })
    expect(englishTexts(membershipProblem('10.0.0.1', 4)!).message).toBe('10.0.0.1 is not a multicast address')
    expect(englishTexts(membershipProblem('ff02::1', 6, 'lo')!).message).toBe('lo is not an IPv6 interface')
    expect(membershipProblem('239.1.2.3', 6)?.id).toBe('groupV4OnV6')
  })

  it('reads group@interface as the command line writes it', () => {
    expect(parseMembership('239.1.2.3')).toEqual({ group: '239.1.2.3' })
    expect(parseMembership('239.1.2.3@127.0.0.1')).toEqual({ group: '239.1.2.3', interface: '127.0.0.1' })
    expect(parseMembership('ff05::1:3@::%lo')).toEqual({ group: 'ff05::1:3', interface: '::%lo' })
  })
})
