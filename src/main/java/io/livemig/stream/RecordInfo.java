package io.livemig.stream;

/**
 * One record of a stream as listed by the inspector.
 *
 * @param index      position of the record among all records of the stream (libxl and libxc counted together, from 0)
 * @param offset     absolute byte offset of the record header
 * @param layer      libxl or libxc record
 * @param type       the record type field
 * @param name       the type's name ({@link StreamReader.Layer#recordName})
 * @param bodyLength the body length field (padding excluded)
 * @param detail     a short description of the body
 */
public record RecordInfo(long index, long offset, StreamReader.Layer layer, int type, String name, long bodyLength, String detail) {
}
