package com.example.orders;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * lwa's readiness check ({@code AWS_LWA_READINESS_CHECK_PATH=/health}): ready while the pool is
 * open. lwa checks it before the snapshot and again after the restore, after the after-restore hook.
 */
@RestController
public class HealthController {
    private final ConnectionPool pool;

    public HealthController(ConnectionPool pool) {
        this.pool = pool;
    }

    @GetMapping("/health")
    public ResponseEntity<Map<String, Object>> health() {
        boolean up = pool.isOpen();
        return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("status", up ? "UP" : "DOWN"));
    }
}
