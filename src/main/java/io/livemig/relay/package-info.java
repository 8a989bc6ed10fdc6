/**
 * The destination end of a migration over the network: {@link io.livemig.relay.CommandRelay}
 * carries one sender's connection (accepted by {@link io.livemig.transport.TcpListener}, plain TCP
 * or mutual TLS) both ways to a local receiving command such as {@code xl migrate-receive}, as sshd
 * does for {@code xl migrate}. It knows nothing of the migration stream: bytes go through as they
 * are.
 */
package io.livemig.relay;
