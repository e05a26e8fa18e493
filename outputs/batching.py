"""How often the dataset writer commits a batch of documents.

Kept apart from outputs.delta (which imports pyarrow and deltalake) so that the command's argument
parser can show the default without importing them: `disclosure --help` starts fast.
"""

# A batch is committed once it holds this many documents or this many seconds passed since the last
# commit: per-document commits (a dozen tables each) would cost more than a small document takes.
BATCH_DOCUMENTS = 64
BATCH_SECONDS = 2.0
