"""The certificate's page: layout, text, fonts and the PDF it becomes."""
