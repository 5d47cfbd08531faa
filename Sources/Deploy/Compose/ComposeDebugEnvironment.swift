import Findings

/// Debug mode turned on in a Compose service's `environment`.
enum ComposeDebugEnvironment {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-COMPOSE-DEBUG", name: "compose-debug-environment", summary: "Compose service turns debug mode on",
        severity: .medium, confidence: .medium, owasp: .a05, cwe: 489, kind: .compose,
        what: "Finds `environment:` entries of Compose services that turn a framework's debug mode on: `DEBUG`, `FLASK_DEBUG`, `DJANGO_DEBUG`, `APP_DEBUG` (and the like) set to `1`, `true`, `yes` or `on`; `FLASK_ENV=development`; `WERKZEUG_DEBUG_PIN=off`. Files named for development (`docker-compose.dev.yml`, `docker-compose.override.yml`, `compose.local.yaml`, `docker-compose.test.yml`) are not checked: debug belongs there.",
        why: "With debug on, an error page shows source code, settings and often secrets, Django lists every URL pattern, and the Werkzeug debugger runs any Python code typed into the browser. A Compose file that is not named for development is often the one deployed.",
        example: "services:\n  web:\n    image: myapp:1.4\n    environment:\n      - DEBUG=1",
        useInstead: "# docker-compose.yml\nservices:\n  web:\n    image: myapp:1.4\n    environment:\n      - DEBUG=0\n# docker-compose.override.yml (development only)\nservices:\n  web:\n    environment:\n      - DEBUG=1",
        references: ["https://docs.djangoproject.com/en/stable/ref/settings/#debug", "https://flask.palletsprojects.com/en/stable/debugging/",
                     "https://docs.docker.com/compose/how-tos/multiple-compose-files/merge/"],
        aliases: [])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        services:
          web:
            image: myapp:1.4
            environment:
              - DEBUG=1 # error: TL-DEPLOY-COMPOSE-DEBUG
              - FLASK_ENV=development # error: TL-DEPLOY-COMPOSE-DEBUG
          admin:
            image: myapp:1.4
            environment:
              DJANGO_DEBUG: "True" # error: TL-DEPLOY-COMPOSE-DEBUG
        """, path: "docker-compose.yml"),
        DeployExample("""
        services:
          web:
            image: myapp:1.4
            environment:
              - DEBUG=0
              - FLASK_DEBUG=${FLASK_DEBUG:-0}
              - LOG_LEVEL=debug
              - DEBUG_TOOLBAR_PANELS=sql
        """, path: "docker-compose.yml"),
        DeployExample("""
        services:
          web:
            environment:
              - DEBUG=1
        """, path: "docker-compose.override.yml"),
    ], check: .compose(check))

    static func check(_ compose: ComposeFile, _ file: DeployFile) -> [Finding] {
        guard !file.isDevelopmentCompose else { return [] }
        var findings: [Finding] = []
        for service in compose.services {
            for variable in service.environment {
                guard let value = variable.value, let problem = SettingNames.debugSetting(name: variable.name, value: value) else { continue }
                findings.append(file.finding(descriptor, at: variable.namePosition, endColumn: variable.namePosition.column + variable.name.count,
                                             description: "Service `\(service.name)`: \(problem).",
                                             remediation: "Turn debug off here (`\(variable.name)=0`) and set it only in a development override (`docker-compose.override.yml`)."))
            }
        }
        return findings
    }
}
