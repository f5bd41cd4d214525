"""Evaluation: labelled cases as data, metrics, suites and reports."""
