#!/usr/bin/env python3
"""Makes a small test fixture out of a Xen-written migration stream (xl, libxl or libxc framing).

Every header and every record is copied byte for byte, except PAGE_DATA records: of those it keeps
the first of each round (a round starts where the pfns go down: senders send a round's pages in
ascending pfn order) and every one that carries a pfn at or above --special (the HVM special
pages near 4 GiB: xenstore, console, ...). Dropping whole PAGE_DATA records leaves a valid stream
whose memory is a subset of the original's. Usage:

  minimize-stream.py [--special 0xf0000] IN OUT
"""
import argparse
import struct
import sys

XL_MAGIC = b"Xen saved domain, xl format\n \0 \r"
PAGE_DATA = 1
END = 0
LIBXC_CONTEXT = 1


def fail(what):
    sys.exit("minimize-stream: " + what)


class Copier:
    def __init__(self, data, out, special):
        self.data, self.out, self.at, self.special = data, out, 0, special
        self.last_pfn, self.kept, self.dropped = -1, 0, 0

    def take(self, n, what):
        if self.at + n > len(self.data):
            fail("truncated in %s at offset %d" % (what, self.at))
        chunk = self.data[self.at:self.at + n]
        self.at += n
        return chunk

    def copy(self, n, what):
        self.out.write(self.take(n, what))

    def libxc(self):
        self.copy(24 + 16, "libxc image and domain headers")
        while True:
            start = self.at
            rtype, length = struct.unpack("<II", self.take(8, "libxc record header"))
            body = self.take((length + 7) & ~7, "libxc record body")
            if rtype == PAGE_DATA and not self.keep_page_data(body):
                self.dropped += 1
                continue
            self.out.write(self.data[start:self.at])
            if rtype == END:
                return

    def keep_page_data(self, body):
        count = struct.unpack_from("<I", body, 0)[0]
        pfns = [struct.unpack_from("<Q", body, 8 + 8 * i)[0] & ((1 << 52) - 1) for i in range(count)]
        new_round = bool(pfns) and pfns[0] < self.last_pfn
        first = self.last_pfn < 0
        self.last_pfn = pfns[-1] if pfns else self.last_pfn
        keep = first or new_round or any(p >= self.special for p in pfns)
        self.kept += keep
        return keep

    def libxl(self):
        self.copy(16, "libxl header")
        while True:
            rtype, length = struct.unpack("<II", self.data[self.at:self.at + 8])
            self.copy(8, "libxl record header")
            self.copy((length + 7) & ~7, "libxl record body")
            if rtype == LIBXC_CONTEXT:
                self.libxc()
            elif rtype == END:
                return

    def run(self):
        head = self.data[:8]
        if head == b"\xff" * 8:
            self.libxc()
        elif head == b"LibxlFmt":
            self.libxl()
        elif self.data.startswith(XL_MAGIC):
            optional = struct.unpack_from("<I", self.data, 44)[0]
            self.copy(48 + optional, "xl header")
            self.libxl()
        else:
            fail("not a Xen migration stream")
        if self.at != len(self.data):
            fail("%d bytes after the end of the stream (at offset %d)" % (len(self.data) - self.at, self.at))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--special", type=lambda v: int(v, 0), default=0xf0000)
    p.add_argument("input")
    p.add_argument("output")
    a = p.parse_args()
    with open(a.input, "rb") as f:
        data = f.read()
    with open(a.output, "wb") as out:
        c = Copier(data, out, a.special)
        c.run()
    print("minimize-stream: kept %d PAGE_DATA records, dropped %d" % (c.kept, c.dropped), file=sys.stderr)


if __name__ == "__main__":
    main()
