import Findings

/// A Procfile `web:` process that runs a development server or reloader.
enum ProcfileDevServer {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-PROCFILE-DEV-SERVER", name: "procfile-development-server", summary: "Procfile web process runs a development server or reloader",
        severity: .medium, confidence: .high, owasp: .a05, cwe: 489, kind: .procfile,
        what: "Finds the `web:` process of a Procfile (Heroku, Dokku, foreman, honcho) when one of its commands starts a development server or mode: `flask run`, `flask --debug`, `manage.py runserver`, `gunicorn`/`uvicorn`/`hypercorn --reload`, `fastapi dev`, `sanic --debug`, `uwsgi --py-autoreload`. Other processes (`worker:`, `release:`) are not reported.",
        why: "The `web` process is what the platform routes the internet to. Development servers are single-process and unhardened, debug modes show source and secrets on errors (and the Werkzeug debugger runs code typed into a browser), and reloaders restart on file changes.",
        example: "web: flask run --host=0.0.0.0 --port=$PORT",
        useInstead: "web: gunicorn --bind 0.0.0.0:$PORT --workers 4 app:app",
        references: ["https://devcenter.heroku.com/articles/procfile", "https://flask.palletsprojects.com/en/stable/deploying/",
                     "https://docs.gunicorn.org/en/stable/settings.html#reload"],
        aliases: [])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        release: python manage.py migrate
        web: python manage.py runserver 0.0.0.0:$PORT # error: TL-DEPLOY-PROCFILE-DEV-SERVER
        """, path: "Procfile"),
        DeployExample("""
        web: bin/prepare && gunicorn app:app --reload --bind 0.0.0.0:$PORT # error: TL-DEPLOY-PROCFILE-DEV-SERVER
        """, path: "Procfile"),
        DeployExample("""
        # web: flask run
        web: gunicorn --bind 0.0.0.0:$PORT --workers 4 app:app
        worker: celery -A app worker --loglevel=debug
        dev: flask run --debug
        """, path: "Procfile"),
    ], check: .procfile(check))

    static func check(_ procfile: Procfile, _ file: DeployFile) -> [Finding] {
        procfile.processes.compactMap { process in
            guard process.name == "web" else { return nil }
            for command in DockerDevServer.shellCommands(process.command) {
                guard let problem = DevServers.problem(command) else { continue }
                return file.finding(descriptor, at: process.position,
                                    description: "The `web` process starts a development mode: \(problem).",
                                    remediation: "Run a production server: `web: gunicorn --bind 0.0.0.0:$PORT --workers 4 app:app` (or `uvicorn app:app --host 0.0.0.0 --port $PORT --workers 4` without `--reload`).")
            }
            return nil
        }
    }
}
