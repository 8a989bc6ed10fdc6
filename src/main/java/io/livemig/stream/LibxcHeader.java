package io.livemig.stream;

/**
 * The validated image and domain headers of a libxc stream.
 *
 * @param imageHeaderOffset  absolute offset of the image header
 * @param version            format version, 2 or 3
 * @param domainType         the guest type of the domain header
 * @param xenMajor           Xen major version of the saving host; 0 for a stream converted from the legacy format
 * @param xenMinor           Xen minor version (the conversion script's version when {@code xenMajor} is 0)
 */
public record LibxcHeader(long imageHeaderOffset, int version, DomainType domainType, int xenMajor, int xenMinor) {

    /**
     * Absolute offset of the domain header.
     *
     * @return the offset in bytes, right after the image header
     */
    public long domainHeaderOffset() {
        return imageHeaderOffset + ImageHeaderDescriptor.LENGTH;
    }

    /**
     * "major.minor" of the saving host's Xen.
     *
     * @return the version, both numbers unsigned
     */
    public String xenVersion() {
        return Integer.toUnsignedString(xenMajor) + "." + Integer.toUnsignedString(xenMinor);
    }

    /**
     * True when the stream was produced by Xen's legacy-format conversion script.
     *
     * @return whether {@code xenMajor} is 0
     */
    public boolean convertedFromLegacy() {
        return xenMajor == 0;
    }
}
