package com.example.orders;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SnapStart hooks called by lwa, not by clients (lwa answers a client's request for these paths
 * with 403 itself): {@code AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH=/snapstart/before-checkpoint}
 * and {@code AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH=/snapstart/after-restore}. Any 2xx is success;
 * another status fails the snapshot or the restore. {@code GET /hooks} shows what the app saw.
 */
@RestController
public class SnapStartHooks {
    private final ConnectionPool pool;
    private final List<Map<String, Object>> seen = new ArrayList<>();

    public SnapStartHooks(ConnectionPool pool) {
        this.pool = pool;
    }

    @PostMapping("/snapstart/before-checkpoint")
    public synchronized ResponseEntity<Void> beforeCheckpoint() {
        int closed = pool.close();
        seen.add(entry("before-checkpoint", "closed", closed));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/snapstart/after-restore")
    public synchronized ResponseEntity<Void> afterRestore() {
        int opened = pool.open();
        seen.add(entry("after-restore", "opened", opened));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/hooks")
    public synchronized Map<String, Object> hooks() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hooks", List.copyOf(seen));
        out.put("poolOpen", pool.isOpen());
        out.put("poolGeneration", pool.generation());
        return out;
    }

    private Map<String, Object> entry(String hook, String what, int connections) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("hook", hook);
        e.put(what, connections);
        e.put("poolGeneration", pool.generation());
        e.put("at", Instant.now().toString());
        return e;
    }
}
