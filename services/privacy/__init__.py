"""Personal data under 152-ФЗ: the notice, retention, subject requests, minimised pushes."""
