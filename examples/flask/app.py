"""A Flask app written the usual way: a form, a file upload and a signed session cookie.

It knows nothing about Lambda. lwa starts it (run.sh), waits until it answers on PORT, and turns
every API Gateway request into an HTTP request to it.
"""
import hashlib
import io
import json
import os

from flask import Flask, abort, redirect, render_template_string, request, send_file, session, url_for
from werkzeug.utils import secure_filename

app = Flask(__name__)
# The session cookie is signed with this key: set SECRET_KEY in the function's configuration.
app.secret_key = os.environ.get("SECRET_KEY", "change-me")

# Uploaded files live in memory for this example (in Lambda, /tmp is the only writable place, and
# each execution environment has its own: use S3 for anything that must last).
UPLOADS = {}


class StagePrefix:
    """Lets Flask build URLs under the API stage (/Prod/...).

    API Gateway REST APIs call the app with the path *without* the stage; the browser sees it *with*
    the stage. lwa passes the event's requestContext as the x-amzn-request-context header, so the
    stage is known: it becomes SCRIPT_NAME, and url_for() and redirects then carry it.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        context = environ.get("HTTP_X_AMZN_REQUEST_CONTEXT")
        if context:
            try:
                ctx = json.loads(context) or {}
            except ValueError:
                ctx = {}
            stage = ctx.get("stage")
            full_path = ctx.get("path") or ""
            prefix = "/" + stage if stage and stage != "$default" else None
            if prefix and (full_path == prefix or full_path.startswith(prefix + "/")):
                environ["SCRIPT_NAME"] = prefix
        return self.wsgi_app(environ, start_response)


app.wsgi_app = StagePrefix(app.wsgi_app)

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Flask on Lambda</title></head>
<body>
<h1>Hello, {{ name }}!</h1>
<p id="visits">visits: {{ visits }}</p>
<form method="post" action="{{ url_for('greet') }}">
  <input name="name" placeholder="your name"> <button>Greet me</button>
</form>
<form method="post" action="{{ url_for('upload') }}" enctype="multipart/form-data">
  <input type="file" name="file"> <button>Upload</button>
</form>
<ul>{% for f in files %}<li><a href="{{ url_for('download', name=f) }}">{{ f }}</a></li>{% endfor %}</ul>
</body></html>
"""


@app.get("/")
def index():
    session["visits"] = session.get("visits", 0) + 1
    return render_template_string(PAGE, name=session.get("name", "stranger"), visits=session["visits"],
                                  files=session.get("files", []))


@app.post("/greet")
def greet():
    session["name"] = request.form.get("name", "").strip() or "stranger"
    return redirect(url_for("index"), code=303)


@app.post("/upload")
def upload():
    file = request.files.get("file")
    if file is None or not file.filename:
        abort(400, "no file")
    name = secure_filename(file.filename)
    data = file.read()
    UPLOADS[name] = (data, file.mimetype or "application/octet-stream")
    session["files"] = sorted(set(session.get("files", [])) | {name})
    return {"name": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(),
            "url": url_for("download", name=name)}, 201


@app.get("/files/<name>")
def download(name):
    if name not in UPLOADS:
        abort(404)
    data, mimetype = UPLOADS[name]
    return send_file(io.BytesIO(data), mimetype=mimetype, download_name=name)
