/**
 * Machinery shared by the producer, consumers and admin client: one {@link io.tandem.client.internal.ClientInstance}
 * per client object (connections, name-server lookups, route cache, heartbeats, timers) and the send path. Public
 * only because the client packages are separate; not an API, and it may change without notice.
 */
package io.tandem.client.internal;
