package io.livemig.stream;

/**
 * One header of a stream as read (xl header, libxl header, libxc image or domain header).
 *
 * @param name   "xl header", "libxl header", "image header" or "domain header"
 * @param offset absolute byte offset
 * @param length bytes, including any data that belongs to the header (xl optional data)
 * @param detail short description of the fields
 */
public record HeaderInfo(String name, long offset, long length, String detail) {
}
