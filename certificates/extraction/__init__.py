"""What a certificate says: `text` reads it (PDF text layer, else OCR), `suggestions` turns
that text into the activity fields the physician is offered."""
