import Findings

/// The final image starts a development server or turns debug mode on.
enum DockerDevServer {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-DOCKER-DEV-SERVER", name: "dockerfile-development-server", summary: "Image starts a development server or debug mode",
        severity: .medium, confidence: .high, owasp: .a05, cwe: 489, kind: .dockerfile,
        what: "Finds the `CMD` and `ENTRYPOINT` the final image runs (the final stage's, else those of the stages it is built `FROM`) when they start a development server or mode: `flask run`, `flask --debug`, `manage.py runserver`, `uvicorn`/`gunicorn`/`hypercorn --reload`, `fastapi dev`, `sanic --debug`, `uwsgi --py-autoreload`; and `ENV` settings in those stages that turn a framework's debug mode on (`FLASK_DEBUG=1`, `DEBUG=true`, `FLASK_ENV=development`, `WERKZEUG_DEBUG_PIN=off`). A development stage that the final image is not built from (`FROM base AS dev`) is not reported.",
        why: "Development servers are single-process, unhardened and not meant to face a network (Django: \"do not use this server in a production setting\"); with debug on, an error page shows source, settings and secrets, and the Werkzeug debugger runs any Python sent from the browser. Reloaders watch the file system and restart the app on change.",
        example: "CMD [\"flask\", \"run\", \"--host=0.0.0.0\"]",
        useInstead: "CMD [\"gunicorn\", \"--bind=0.0.0.0:8000\", \"--workers=4\", \"app:app\"]",
        references: ["https://flask.palletsprojects.com/en/stable/deploying/", "https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver",
                     "https://www.uvicorn.org/deployment/"],
        aliases: [])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        FROM python:3.12-slim
        ENV FLASK_DEBUG=1 # error: TL-DEPLOY-DOCKER-DEV-SERVER
        USER 1000
        CMD ["flask", "run", "--host=0.0.0.0"] # error: TL-DEPLOY-DOCKER-DEV-SERVER
        """),
        DeployExample("""
        FROM python:3.12-slim
        USER 1000
        CMD python manage.py migrate && python manage.py runserver 0.0.0.0:8000 # error: TL-DEPLOY-DOCKER-DEV-SERVER
        """),
        DeployExample("""
        FROM python:3.12-slim AS base
        USER 1000
        ENTRYPOINT ["uvicorn", "app.main:app", "--reload"] # error: TL-DEPLOY-DOCKER-DEV-SERVER
        FROM base
        COPY . /app
        """),
        // A development stage the final image is not built from.
        DeployExample("""
        FROM python:3.12-slim AS base
        USER 1000
        FROM base AS dev
        ENV FLASK_DEBUG=1
        CMD ["flask", "run", "--debug"]
        FROM base AS production
        ENV FLASK_DEBUG=0 DEBUG=false
        CMD ["gunicorn", "--bind=0.0.0.0:8000", "app:app"]
        """),
        DeployExample("""
        FROM python:3.12-slim
        USER 1000
        ENTRYPOINT ["/docker-entrypoint.sh"]
        CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--log-level", "debug"]
        """),
    ], check: .dockerfile(check))

    static func check(_ dockerfile: Dockerfile, _ file: DeployFile) -> [Finding] {
        var findings: [Finding] = []
        let chain = dockerfile.finalChain
        for keyword in ["ENTRYPOINT", "CMD"] {
            guard let instruction = chain.lazy.compactMap({ $0.last(keyword) }).first else { continue }
            for words in commands(of: instruction) {
                guard let problem = DevServers.problem(words) else { continue }
                findings.append(file.finding(descriptor, at: instruction.keywordPosition,
                                             description: "The image's `\(keyword)` starts a development mode: \(problem).",
                                             remediation: "Run a production server in the image (`gunicorn --workers 4 app:app`, `uvicorn app:app --workers 4` without `--reload`) and keep development commands in a compose override or a separate `dev` stage."))
                break
            }
        }
        for stage in chain {
            for instruction in stage.instructions where instruction.keyword == "ENV" {
                for (name, value) in instruction.assignments() {
                    guard let value, let problem = SettingNames.debugSetting(name: name.text, value: value.text) else { continue }
                    let position = instruction.position(at: name.offset)
                    findings.append(file.finding(descriptor, at: position, endColumn: position.column + name.text.count,
                                                 description: "The image's environment sets debug mode: \(problem).",
                                                 remediation: "Leave debug off in the image (`\(name.text)=0`, or unset) and turn it on only in a development override."))
                }
            }
        }
        return findings
    }

    /// The commands an instruction runs: the exec form's words, or each command of the shell form.
    static func commands(of instruction: DockerInstruction) -> [[String]] {
        if let exec = instruction.execForm {
            let program = ShellCommand.baseName(exec.first ?? "").lowercased()
            if DockerScripts.shells.contains(program), let flag = exec.firstIndex(of: "-c"), flag + 1 < exec.count {
                return shellCommands(exec[flag + 1])
            }
            return [exec]
        }
        return shellCommands(instruction.text)
    }

    static func shellCommands(_ text: String) -> [[String]] {
        ShellScript.pipelines(text).flatMap(\.commands).map { command in
            guard let index = command.programIndex else { return [] }
            return command.words[index...].map(\.text)
        }
    }
}
