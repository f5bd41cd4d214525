"""The team's knowledge base: Markdown articles, Russian-aware search, grounded drafts.

* :mod:`~assistant.knowledge.loader` — a folder of ``*.md`` files, one article per ``##``;
* :mod:`~assistant.knowledge.terms` — words → lemmas → synonym groups (data);
* :mod:`~assistant.knowledge.index` — BM25 (``bm25s``) with spelling correction, rebuilt
  when the folder changes (:func:`~assistant.knowledge.index.get_index`);
* :mod:`~assistant.knowledge.grounding` — the prompt block, ``[kb:N]`` citations, sources
  and the cited text lint reads as notes;
* :mod:`~assistant.knowledge.exemplars` — past replies as masked style examples;
* :mod:`~assistant.knowledge.check` — ``kb check``;
* :mod:`~assistant.knowledge.service` — what the app's panel and supervisor view use.

Not imported by ``import assistant``: the drafter loads it on the first draft.
"""
