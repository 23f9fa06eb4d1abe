"""Shared ground every stage stands on: errors and exit codes, text rules, font metrics, package vetting.

Imports nothing from the rest of fawbrief."""
