package com.example.orders;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** A small JSON API: orders kept in memory, each served through a connection of the pool. */
@RestController
@RequestMapping("/api/orders")
public class OrdersController {
    public record NewOrder(String item, int quantity) {
    }

    public record Order(long id, String item, int quantity, String connection) {
    }

    private final ConnectionPool pool;
    private final Map<Long, Order> orders = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();

    public OrdersController(ConnectionPool pool) {
        this.pool = pool;
    }

    @GetMapping
    public List<Order> list() {
        pool.lease();
        return List.copyOf(orders.values());
    }

    @GetMapping("/{id}")
    public Order get(@PathVariable long id) {
        pool.lease();
        Order order = orders.get(id);
        if (order == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no order " + id);
        }
        return order;
    }

    @PostMapping
    public ResponseEntity<Order> create(@RequestBody NewOrder order) {
        if (order.item() == null || order.item().isBlank() || order.quantity() < 1) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "item and a positive quantity are required");
        }
        Order created = new Order(ids.incrementAndGet(), order.item(), order.quantity(), pool.lease());
        orders.put(created.id(), created);
        return ResponseEntity.created(URI.create("/api/orders/" + created.id())).body(created);
    }
}
