"""How often the dataset writer commits a batch of documents.

Kept apart from outputs.delta (which imports pyarrow and deltalake) so that the command's argument
parser can show the default without importing them: `disclosure --help` starts fast.
"""

# A batch is committed once it holds this many documents or this many seconds passed since the last
# commit: per-document commits (a dozen tables each) would cost more than a small document takes.
# Each commit costs about 0.15 s of the writer's time (a Delta commit per table): at 2 s, a tenth of
# an in-process ingest's time went to commits (10 s instead: 1.08x over the bench documents), and
# the larger batches leave fewer small files and table versions. A run killed between commits
# loses at most this much work, which the re-run redoes.
BATCH_DOCUMENTS = 64
BATCH_SECONDS = 10.0
