"""A FastAPI app that streams server-sent events, behind lwa on a Function URL in response_stream mode.

Nothing here knows about Lambda: lwa turns each Function URL request into an HTTP request to uvicorn
and relays the answer as it is produced, so every event reaches the client when the app sends it.
"""
import asyncio
import json
import os
import threading
import time

import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse, StreamingResponse

app = FastAPI(title="fastapi-streaming")

# Stands for a slow start (loading a model, warming a cache): the server listens at once, but /health
# says 503 until this is done. With AWS_LWA_ASYNC_INIT=true lwa ends Lambda's Init phase in time
# (10 s at most) even when this takes longer, and the first request finishes the wait.
WARMUP_SECONDS = float(os.environ.get("WARMUP_SECONDS", "2"))
state = {"ready_at": None}


def warm_up():
    time.sleep(WARMUP_SECONDS)
    state["ready_at"] = time.time()


threading.Thread(target=warm_up, daemon=True).start()


def now_ms():
    return int(time.time() * 1000)


@app.get("/health")
def health():
    """lwa's readiness check (AWS_LWA_READINESS_CHECK_PATH=/health)."""
    if state["ready_at"] is None:
        return JSONResponse({"status": "warming up"}, status_code=503)
    return {"status": "ok", "ready_at_ms": int(state["ready_at"] * 1000)}


@app.get("/")
def index():
    return {"message": "GET /events for a stream of server-sent events", "ready_at_ms": int(state["ready_at"] * 1000)}


@app.get("/events")
async def events(count: int = 5, interval: float = 0.5):
    """`count` server-sent events, `interval` seconds apart, each saying when the app sent it."""
    count = max(1, min(count, 100))
    interval = max(0.0, min(interval, 10.0))

    async def stream():
        for n in range(1, count + 1):
            if n > 1:
                await asyncio.sleep(interval)
            data = json.dumps({"n": n, "of": count, "sent_at_ms": now_ms()})
            yield f"id: {n}\nevent: tick\ndata: {data}\n\n"

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"cache-control": "no-cache", "x-accel-buffering": "no"})


if __name__ == "__main__":
    # lwa forwards to 127.0.0.1:$PORT (AWS_LWA_PORT says the same port to lwa).
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", "8080")), log_level="warning")
