package dev.lwa.core.config;

/** How readiness is probed ({@code AWS_LWA_READINESS_CHECK_PROTOCOL}, case-insensitive). */
public enum ReadinessProtocol {
    /** A GET to the readiness path; ready when the status is in the healthy set. */
    HTTP,
    /** Ready as soon as a TCP connection can be opened. */
    TCP
}
