"""bb.siggen: the base classes oe-core's signature generators derive from at import time.
Task signatures are part 2 of tck's BitBake support; parsing computes none."""


class SignatureGenerator:
    name = "noop"

    def __init__(self, data):
        self.basehash = {}
        self.taskhash = {}
        self.unihash = {}

    def finalise(self, fn, d, variant):
        pass


class SignatureGeneratorBasic(SignatureGenerator):
    name = "basic"


class SignatureGeneratorBasicHash(SignatureGeneratorBasic):
    name = "basichash"


class SignatureGeneratorUniHashMixIn:
    pass


def init(d):
    return SignatureGenerator(d)


def find_siginfo(*args, **kwargs):
    return {}


def find_siginfo_version():
    return 2


def dump_this_task(outfile, d):
    pass


def compare_sigfiles(*args, **kwargs):
    return []
