import Findings

/// `py-autoreload` in a uWSGI `.ini` configuration.
enum UwsgiAutoreload {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-UWSGI-AUTORELOAD", name: "uwsgi-python-autoreload", summary: "uWSGI configuration reloads the app when a module changes",
        severity: .low, confidence: .high, owasp: .a05, cwe: 489, kind: .uwsgi,
        what: "Finds `py-autoreload` (also `python-autoreload`, `py-auto-reload`) set to a number above 0 in the `[uwsgi]` section of `.ini` files. `touch-reload` (a reload the deployment asks for) is not reported.",
        why: "Auto-reload is for development: uWSGI scans every loaded module every N seconds and restarts when one changes, so anything that can write into the app's folder decides what code runs next, and each scan costs CPU. The uWSGI documentation warns not to use it in production.",
        example: "[uwsgi]\nmodule = app:app\npy-autoreload = 1",
        useInstead: "[uwsgi]\nmodule = app:app\ntouch-reload = /app/reload.trigger",
        references: ["https://uwsgi-docs.readthedocs.io/en/latest/Options.html#py-autoreload", "https://uwsgi-docs.readthedocs.io/en/latest/articles/TheArtOfGracefulReloading.html"],
        aliases: [])

    static let keys: Set<String> = ["py-autoreload", "python-autoreload", "py-auto-reload"]

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        [uwsgi]
        module = app:app
        master = true
        py-autoreload = 2 # error: TL-DEPLOY-UWSGI-AUTORELOAD
        """, path: "deploy/uwsgi.ini"),
        DeployExample("""
        [uwsgi]
        module = app:app
        ; py-autoreload = 1
        py-autoreload = 0
        touch-reload = /app/reload.trigger

        [dev]
        py-autoreload = 1
        """, path: "uwsgi.ini"),
    ], check: .uwsgi(check))

    static func check(_ ini: IniFile, _ file: DeployFile) -> [Finding] {
        ini.entries.compactMap { entry in
            guard entry.section == "uwsgi", keys.contains(entry.key), let seconds = Int(entry.value.split(separator: " ").first ?? ""), seconds > 0 else { return nil }
            return file.finding(descriptor, at: entry.position, endColumn: entry.position.column + entry.key.count,
                                description: "`\(entry.key) = \(entry.value)` makes uWSGI reload the app whenever a loaded module changes: a development mode.",
                                remediation: "Remove `\(entry.key)`; reload on purpose at deployment (`touch-reload` on a trigger file, or `uwsgi --reload`).")
        }
    }
}
