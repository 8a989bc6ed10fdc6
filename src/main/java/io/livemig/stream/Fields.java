package io.livemig.stream;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Absolute reads and writes of the stream's fixed-width fields, each with its byte order stated
 * (the image and libxl headers are big-endian, everything else little-endian), without touching a
 * buffer's position or order. The descriptors are written with these.
 */
final class Fields {
    private Fields() {
    }

    private static final VarHandle LE_SHORT = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE_SHORT = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE_INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE_LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    static int u8(ByteBuffer b, int at) {
        return b.get(at) & 0xFF;
    }

    static void putU8(ByteBuffer b, int at, int value) {
        b.put(at, (byte) value);
    }

    static int u16le(ByteBuffer b, int at) {
        return Short.toUnsignedInt((short) LE_SHORT.get(b, at));
    }

    static void putU16le(ByteBuffer b, int at, int value) {
        LE_SHORT.set(b, at, (short) value);
    }

    static int u32le(ByteBuffer b, int at) {
        return (int) LE_INT.get(b, at);
    }

    static void putU32le(ByteBuffer b, int at, int value) {
        LE_INT.set(b, at, value);
    }

    static long u64le(ByteBuffer b, int at) {
        return (long) LE_LONG.get(b, at);
    }

    static void putU64le(ByteBuffer b, int at, long value) {
        LE_LONG.set(b, at, value);
    }

    static int u16be(ByteBuffer b, int at) {
        return Short.toUnsignedInt((short) BE_SHORT.get(b, at));
    }

    static void putU16be(ByteBuffer b, int at, int value) {
        BE_SHORT.set(b, at, (short) value);
    }

    static int u32be(ByteBuffer b, int at) {
        return (int) BE_INT.get(b, at);
    }

    static void putU32be(ByteBuffer b, int at, int value) {
        BE_INT.set(b, at, value);
    }

    static long u64be(ByteBuffer b, int at) {
        return (long) BE_LONG.get(b, at);
    }

    static void putU64be(ByteBuffer b, int at, long value) {
        BE_LONG.set(b, at, value);
    }

    // The same, for a field at {@code offset} in a structure that starts at {@code at}.

    static int u8(ByteBuffer b, int at, int offset) {
        return u8(b, at + offset);
    }

    static void putU8(ByteBuffer b, int at, int offset, int value) {
        putU8(b, at + offset, value);
    }

    static int u16le(ByteBuffer b, int at, int offset) {
        return u16le(b, at + offset);
    }

    static void putU16le(ByteBuffer b, int at, int offset, int value) {
        putU16le(b, at + offset, value);
    }

    static int u32le(ByteBuffer b, int at, int offset) {
        return u32le(b, at + offset);
    }

    static void putU32le(ByteBuffer b, int at, int offset, int value) {
        putU32le(b, at + offset, value);
    }

    static long u64le(ByteBuffer b, int at, int offset) {
        return u64le(b, at + offset);
    }

    static void putU64le(ByteBuffer b, int at, int offset, long value) {
        putU64le(b, at + offset, value);
    }

    static int u16be(ByteBuffer b, int at, int offset) {
        return u16be(b, at + offset);
    }

    static void putU16be(ByteBuffer b, int at, int offset, int value) {
        putU16be(b, at + offset, value);
    }

    static int u32be(ByteBuffer b, int at, int offset) {
        return u32be(b, at + offset);
    }

    static void putU32be(ByteBuffer b, int at, int offset, int value) {
        putU32be(b, at + offset, value);
    }

    static long u64be(ByteBuffer b, int at, int offset) {
        return u64be(b, at + offset);
    }

    static void putU64be(ByteBuffer b, int at, int offset, long value) {
        putU64be(b, at + offset, value);
    }
}
