package com.example.orders;

import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Stands for a real pool (JDBC, an HTTP client to another service): connections opened at start-up
 * that must not be carried through a SnapStart snapshot, because every environment restored from it
 * would share them, and they are dead by then anyway. {@link SnapStartHooks} closes it before the
 * checkpoint and opens a fresh one after the restore; each opening is a new generation with new ids.
 */
@Component
public class ConnectionPool {
    private static final int SIZE = 4;

    private final List<String> connections = new ArrayList<>();
    private int generation;
    private int next;

    public ConnectionPool() {
        open();
    }

    /** Opens {@value #SIZE} new connections (a new generation); returns how many were opened. */
    public synchronized int open() {
        if (!connections.isEmpty()) {
            return 0;
        }
        generation++;
        String instance = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < SIZE; i++) {
            connections.add("conn-" + generation + "-" + instance + "-" + i);
        }
        return SIZE;
    }

    /** Closes every connection; returns how many were open. */
    public synchronized int close() {
        int closed = connections.size();
        connections.clear();
        return closed;
    }

    public synchronized boolean isOpen() {
        return !connections.isEmpty();
    }

    public synchronized int generation() {
        return generation;
    }

    /** A connection for one request (round robin); fails when the pool is closed. */
    public synchronized String lease() {
        if (connections.isEmpty()) {
            throw new IllegalStateException("the connection pool is closed");
        }
        return connections.get(next++ % connections.size());
    }
}
