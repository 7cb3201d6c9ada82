document.title = 'HangApp 交易';
while (true) { /* the renderer never gets control back */ }
