"""Progress reporters (bb.progress): nothing to report while parsing."""


class ProgressHandler:
    def __init__(self, d, outfile=None):
        self.d = d

    def write(self, s):
        return len(s)

    def update(self, progress, rate=None):
        pass


class MultiStageProgressReporter:
    def __init__(self, d, stage_weights, debug=False):
        pass

    def next_stage(self, stage_total=None):
        pass

    def update(self, stage_progress):
        pass

    def finish(self):
        pass


LineFilterProgressHandler = BasicProgressHandler = OutOfProgressHandler = ProgressHandler
