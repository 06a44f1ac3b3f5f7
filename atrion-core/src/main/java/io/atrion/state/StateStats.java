package io.atrion.state;

/**
 * Counters of an instance's state sharing since it was built ({@code Atrion.stateStats()}); a
 * snapshot, each counter read once (they are not one atomic set).
 *
 * @param published       vectors handed to the provider
 * @param coalesced       updates folded into a later vector of the same route (only the latest waits)
 * @param dropped         updates not queued because the queue was full, and vectors not published
 *                        because the provider was not connected or at its own bound
 * @param received        remote vectors the provider delivered (decoded)
 * @param merged          remote vectors blended into a local route's scar
 * @param ignored         remote vectors not applied and not hostile: this node's own, older than what
 *                        was applied from that node, or of a route this node does not know
 * @param rejected        hostile or broken input: undecodable messages, fields out of range, times
 *                        too far in the future
 * @param providerErrors  failed provider operations
 * @param resyncs         resynchronizations after a (re)connect
 * @param queued          routes waiting for publication now
 * @param connectionState the provider's state now
 */
public record StateStats(long published, long coalesced, long dropped, long received, long merged, long ignored,
                         long rejected, long providerErrors, long resyncs, int queued,
                         ConnectionState connectionState) {
}
