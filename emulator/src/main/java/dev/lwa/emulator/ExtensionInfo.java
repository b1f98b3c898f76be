package dev.lwa.emulator;

import java.util.List;
import java.util.Optional;

/**
 * A registered extension, as the emulator sees it now.
 *
 * @param name      the {@code Lambda-Extension-Name} it registered with
 * @param id        the {@code Lambda-Extension-Identifier} it was given
 * @param events    the events it subscribed to ({@code INVOKE}, {@code SHUTDOWN}), in request order
 * @param ready     whether it has called {@code /extension/event/next} at least once
 * @param initError what it posted to {@code /extension/init/error}, if anything
 * @param exitError what it posted to {@code /extension/exit/error}, if anything
 */
public record ExtensionInfo(
        String name,
        String id,
        List<String> events,
        boolean ready,
        Optional<ErrorInfo> initError,
        Optional<ErrorInfo> exitError) {

    public ExtensionInfo {
        events = List.copyOf(events);
    }
}
