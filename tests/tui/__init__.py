"""Reader (Textual) tests: Pilot tests per feature and a few SVG snapshots."""
