package dev.lwa.emulator.handlers;

import com.amazonaws.services.lambda.crac.Context;
import com.amazonaws.services.lambda.crac.Core;
import com.amazonaws.services.lambda.crac.Resource;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** A SnapStart function whose afterRestore hook throws: the RIC reports it on restore/error. */
public final class FailingRestore implements RequestHandler<Object, String> {

    private static final Resource HOOK = new Resource() {
        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
            throw new IllegalStateException("cannot reconnect after restore");
        }
    };

    static {
        Core.getGlobalContext().register(HOOK);
    }

    @Override
    public String handleRequest(Object input, com.amazonaws.services.lambda.runtime.Context context) {
        return "unreachable";
    }
}
