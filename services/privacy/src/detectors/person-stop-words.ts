/** Capitalised words that are not names, whatever the lexicon or the introduction before them says. */
export const NOT_A_NAME: ReadonlySet<string> = new Set(
  `Here Back Not So Very Sorry The A An In At On Just Also Still Only Really Happy Glad Interested Looking Staying Travelling Traveling
  Allergic Vegan Vegetarian Gluten Lactose Pregnant Diabetic Celiac Coeliac Tired Hungry Late Early Ready Done Fine Okay Ok Good Great
  Room Suite Villa Guest Guests Member Members Calling Writing Trying Going Coming Arriving Leaving Checking Wondering Asking
  Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Tonight Tomorrow Yesterday Weekend
  January February March April May June July August September October November December
  Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
  English British American Canadian Australian Irish Scottish German French Spanish Italian Dutch Swiss Austrian Belgian Portuguese
  Swedish Danish Norwegian Finnish Polish Russian Chinese Japanese Korean Indian Brazilian Mexican Argentinian Greek Turkish
  Deutsch Deutscher Deutsche Français Française Francais Española Español Espanol Inglés Ingles Anglais Allemand Allemande Alemán Aleman Alemana
  Two Three Four Five Six Seven Eight Nine Ten Lunch Dinner Breakfast Brunch Spa Pool Beach Bar Restaurant Table Booking Reservation
  Your You We Our My His Her Their It This That There What How Why When Where Who Which Is Are Was Be Please Thanks Thank Hello Hi Hey
  Urgent Important Confirmed Cancelled Canceled Free Available Outside Inside Upstairs Downstairs Alone Together Sure
  Sehr Nicht Hier Gast Ober Kellner Très Tres Ici Client Cliente Huésped Aquí Aqui Muy No Si Sí Yo
  Reception Housekeeping Security Concierge Management Team Everyone Everybody All Staff Front Desk Manager Chef Waiter Driver
  Familie Family Famille Familia Famiglia Família Familia Gezin
  Hotel Resort Club Lounge Airport Station Street Road Rue Calle Via Rua Straat Strasse Straße Avenue Plaza Piazza
  Praça Museum Museo Park Garden Tower Bay Island Isla Centre Center Tennis Golf Yoga Kids Menu Wifi Taxi Check Late
  Dear Tell Ask Can Could Would Should Shall Might Must Let Do Does Did Have Has Had Get Got Send Bring Book
  Ciao Buongiorno Buonasera Grazie Prego Signor Signora Camera Stanza Olá Ola Obrigado Obrigada Quarto Bom Boa Dia
  Hoi Hallo Goedemorgen Dank Bedankt Kamer Graag Konnichiwa Arigato Arigatou Sumimasen Onegaishimasu Desu Heya
  Visa Mastercard Amex Maestro UnionPay Paypal PayPal Revolut Bizum Apple Google
  Sig Dhr Mevr Dott Sra Srta Senhor Senhora Dona Meneer Mevrouw San Sama
  Mr Mrs Ms Mx Miss Dr Prof Herr Herrn Frau Monsieur Madame Mademoiselle Mme Mlle Señor Señora Señorita Sr Sra Srta Sir`.split(/\s+/),
);
