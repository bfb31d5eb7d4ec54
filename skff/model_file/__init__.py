"""The parts of skff's model file, one idea per module.

* [`format`][skff.model_file.format]: what a model file is: its constants, the JSON Schema of its
  document, the digests, the internal errors the other parts raise.
* [`write`][skff.model_file.write]: a fitted estimator turned into the document and its tensors.
* [`read`][skff.model_file.read]: the file read from disk with bounded reads, its envelope
  checked, and the estimator rebuilt from a checked document.
* [`check`][skff.model_file.check]: the document checked against its schema and against the
  tensors the file holds, before anything is allocated.

[`skff.save`][skff.save] and [`skff.load`][skff.load] (in ``skff.persistence``) put them together.
"""
