"""Background jobs, in the style of a Celery worker module."""
import os
import ssl
import stat
import subprocess
import tarfile
from urllib.request import urlopen

import paramiko
from jinja2 import Environment


def unpack_upload(path, dest):
    with tarfile.open(path) as archive:
        archive.extractall(dest)


def publish_report(path):
    os.chmod(path, 0o777)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def run_backup(host):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host)
    return client


def render_email(template_text, **context):
    env = Environment(autoescape=False)
    return env.from_string(template_text).render(**context)


def fetch(url):
    return urlopen(url).read()


def legacy_tls_context():
    return ssl.SSLContext(ssl.PROTOCOL_TLSv1)


def list_files(directory):
    return subprocess.check_output(["ls", "-l", directory])


def compress_all():
    subprocess.Popen("tar czf backup.tgz *", shell=True)


def check_token(supplied, expected):
    assert supplied == expected, "token mismatch"
    return True


def is_async_keyword(token):
    return token == "async"


def lookup(key, table):
    try:
        return table[key]
    except KeyError:
        pass
