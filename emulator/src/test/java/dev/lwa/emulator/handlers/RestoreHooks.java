package dev.lwa.emulator.handlers;

import com.amazonaws.services.lambda.crac.Context;
import com.amazonaws.services.lambda.crac.Core;
import com.amazonaws.services.lambda.crac.Resource;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** A SnapStart function: its CRaC hooks run around the checkpoint, and it answers which of them ran. */
public final class RestoreHooks implements RequestHandler<Object, String> {

    // held strongly: the RIC's global context may keep resources only weakly
    private static final Hooks HOOKS = new Hooks();

    static {
        Core.getGlobalContext().register(HOOKS);
    }

    @Override
    public String handleRequest(Object input, com.amazonaws.services.lambda.runtime.Context context) {
        return "beforeCheckpoint=" + HOOKS.beforeCheckpoint + " afterRestore=" + HOOKS.afterRestore;
    }

    private static final class Hooks implements Resource {
        volatile boolean beforeCheckpoint;
        volatile boolean afterRestore;

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
            beforeCheckpoint = true;
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
            afterRestore = true;
        }
    }
}
