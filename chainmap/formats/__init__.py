"""What chainmap prints: JSON and CSV for scripts, text for people."""

from .data import chains_data, chains_json, findings_csv, findings_data, findings_json
from .text import chains_text, check_text, weak_text

__all__ = ["chains_data", "chains_json", "chains_text", "check_text", "findings_csv",
           "findings_data", "findings_json", "weak_text"]
