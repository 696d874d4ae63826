"""bb.process: running commands the way metadata expects (run → (stdout, stderr))."""
import subprocess


class CmdError(RuntimeError):
    def __init__(self, command, msg=None):
        self.command = command
        self.msg = msg
        RuntimeError.__init__(self, msg or "Execution of '%s' failed" % command)


class NotFoundError(CmdError):
    pass


class ExecutionError(CmdError):
    def __init__(self, command, exitcode, stdout=None, stderr=None):
        CmdError.__init__(self, command, "Execution of '%s' failed with exit code %s" % (command, exitcode))
        self.exitcode = exitcode
        self.stdout = stdout
        self.stderr = stderr


def run(cmd, input=None, log=None, extrafiles=None, **options):
    shell = isinstance(cmd, str)
    options.setdefault("stdout", subprocess.PIPE)
    options.setdefault("stderr", subprocess.PIPE)
    options.setdefault("stdin", subprocess.PIPE if input is not None else subprocess.DEVNULL)
    options.setdefault("close_fds", True)
    options.setdefault("shell", shell)
    try:
        pipe = subprocess.Popen(cmd, **options)
    except OSError as exc:
        if exc.errno == 2:
            raise NotFoundError(cmd)
        raise CmdError(cmd, exc)
    stdout, stderr = pipe.communicate(input.encode() if isinstance(input, str) else input)
    stdout = stdout.decode("utf-8") if stdout is not None else None
    stderr = stderr.decode("utf-8") if stderr is not None else None
    if pipe.returncode != 0:
        if log:
            log.write(stdout or "")
        raise ExecutionError(cmd, pipe.returncode, stdout, stderr)
    return stdout, stderr
