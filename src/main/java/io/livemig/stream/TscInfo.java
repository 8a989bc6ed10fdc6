package io.livemig.stream;

/**
 * The values of an X86_TSC_INFO record (layout: {@link TscInfoDescriptor}).
 *
 * @param mode        the domain's TSC mode
 * @param khz         TSC frequency
 * @param nsec        elapsed time, ns
 * @param incarnation TSC incarnation
 */
public record TscInfo(int mode, int khz, long nsec, int incarnation) {
}
