/**
 * Where migration streams go and come from: files, standard output/input (so that a save can be
 * piped through ssh, as {@code xl migrate} does), and one TCP connection from sender to receiver.
 *
 * <p>{@link io.livemig.transport.Endpoint} parses the command-line text;
 * {@link io.livemig.transport.StreamTarget} opens it for writing (an
 * {@link io.livemig.transport.FdChannel}: the raw descriptor, gathering writes through an FFM
 * {@code writev}/{@code sendmsg} that hands direct buffers to the kernel without copying or
 * allocating) and {@link io.livemig.transport.StreamSource} for reading (a scattering channel). Counting bytes and completing short writes is
 * {@link io.livemig.stream.ChannelOutput}'s job, not this package's.
 * {@link io.livemig.transport.TcpListener} is the destination's listener both use: a receive takes
 * its first connection, a relay waits for a peer that passes mutual TLS and gets a
 * {@link io.livemig.transport.PeerConnection} for traffic both ways.
 *
 * <p>Security: a TCP receiver listens on loopback unless told otherwise. Plain TCP carries guest
 * memory unauthenticated and unencrypted (and zero-copy); across hosts use mutual TLS 1.3
 * ({@link io.livemig.transport.TlsConfig}: each side presents a certificate signed by the CA the
 * other trusts; pages then go through a staging buffer), or pipe the stream through ssh
 * ({@code --to -} / {@code --from -}).
 */
package io.livemig.transport;
