import Findings
import PythonSyntax

/// `reload = True` in a gunicorn configuration file.
enum GunicornReload {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-GUNICORN-RELOAD", name: "gunicorn-reload-enabled", summary: "gunicorn configuration turns the code reloader on",
        severity: .low, confidence: .high, owasp: .a05, cwe: 489, kind: .gunicorn,
        what: "Finds module-level `reload = True` in gunicorn configuration files (`gunicorn.conf.py`, `gunicorn_config.py`, any Python file whose name starts with `gunicorn`), read with the Python parser: a setting in a comment, a string or a function is not one. The bind address is not reported (see Docs/deploy.md: `0.0.0.0` is what a container must bind, and whether the port is reachable is the platform's choice).",
        why: "`reload` is a development feature: gunicorn restarts workers whenever a source file changes, so anything that can write into the app's folder (an upload, a path traversal) also decides what code runs next, and deployments become non-atomic. The gunicorn documentation says it is meant for development.",
        example: "# gunicorn.conf.py\nbind = \"0.0.0.0:8000\"\nreload = True",
        useInstead: "# gunicorn.conf.py\nbind = \"0.0.0.0:8000\"\nworkers = 4\n# restart the service (or send HUP) to deploy new code",
        references: ["https://docs.gunicorn.org/en/stable/settings.html#reload", "https://docs.gunicorn.org/en/stable/deploy.html"],
        aliases: [])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        import multiprocessing
        bind = "0.0.0.0:8000"
        workers = multiprocessing.cpu_count() * 2 + 1
        reload = True # error: TL-DEPLOY-GUNICORN-RELOAD
        """, path: "gunicorn.conf.py"),
        DeployExample("""
        bind = "0.0.0.0:8000"
        reload = False
        notes = "reload = True only on a laptop"

        def on_starting(server):
            reload = True
        """, path: "config/gunicorn_config.py"),
    ], check: .gunicorn(check))

    static func check(_ config: GunicornConfig, _ file: DeployFile) -> [Finding] {
        config.settings.compactMap { setting in
            guard setting.name == "reload" else { return nil }
            switch setting.value {
            case .bool(true): break
            case .int(let number) where number != 0: break
            default: return nil
            }
            return file.finding(descriptor, at: setting.position, endColumn: setting.position.column + "reload".count,
                                description: "`reload = True` makes gunicorn restart workers whenever a source file changes: a development mode.",
                                remediation: "Remove `reload` (or set it only from a development command line: `gunicorn --reload`); deploy new code by restarting the service or sending `HUP`.",
                                fix: "reload = False")
        }
    }
}
