// Peer ids as small numbers, for columns of typed arrays: an endpoint's chunk records and its
// frames name their peer by an index into one list.
export class PeerIndex {
  private readonly ids: string[] = []
  private readonly index = new Map<string, number>()
  private lastId: string | undefined
  private lastIx = 0

  /** The peer's number; chunks and frames come in runs from one peer, so the last one is kept. */
  of(peerId: string): number {
    if (peerId === this.lastId) return this.lastIx
    let ix = this.index.get(peerId)
    if (ix === undefined) {
      ix = this.ids.push(peerId) - 1
      this.index.set(peerId, ix)
    }
    this.lastId = peerId
    this.lastIx = ix
    return ix
  }

  id(ix: number): string {
    return this.ids[ix]!
  }
}
