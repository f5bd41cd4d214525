"""Language data of the analyzer: plain modules of words, phrases and patterns.

Code lives in :mod:`assistant.analyzer`; what Russian (and English) customers write lives
here, so extending a list never means touching the logic.
"""
