package dev.lwa.core.pipeline;

import dev.lwa.runtimeapi.ErrorReport;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.RuntimeApiClient;

import java.io.IOException;

/**
 * Posts an {@link Outcome} to the Runtime API and logs a failure. Lines are tagged with the request
 * id by the pipeline's scope, so messages do not repeat it.
 */
public final class ResultWriter {
    private static final System.Logger LOG = System.getLogger("lwa.invoke");

    private final RuntimeApiClient runtime;

    public ResultWriter(RuntimeApiClient runtime) {
        this.runtime = runtime;
    }

    public void write(Invocation inv, Outcome outcome) {
        try {
            // instanceof, not a pattern switch: a type switch generates a class at run time
            if (outcome instanceof Outcome.Buffered b) {
                runtime.respond(inv.requestId(), b.envelope());
            } else if (outcome instanceof Outcome.Failed f) {
                LOG.log(System.Logger.Level.ERROR, "{0}: {1}", f.errorType(), f.message());
                runtime.reportError(inv.requestId(), new ErrorReport(f.errorType(), f.message()));
            } // Outcome.Streamed: already sent by the streaming writer
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "posting the result to the Runtime API failed: {0}", e.toString());
        }
    }
}
